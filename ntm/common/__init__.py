"""What the Django apps share: the timestamped base model."""
