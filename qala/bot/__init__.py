"""The Telegram bot (aiogram 3): handlers turn updates into plain values and call the domain."""
