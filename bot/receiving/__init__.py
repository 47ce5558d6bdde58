"""Receiving updates: the inbox dispatcher and the ways updates arrive (polling, webhook)."""
