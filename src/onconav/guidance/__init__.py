"""Profile-aware guidance: your situation, missing tests, questions, packet, centres, trials."""
