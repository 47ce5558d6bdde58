"""Files the bot ships: fonts for the pictures it draws."""
