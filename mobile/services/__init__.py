"""What a user can do on the phone, as functions over the local record (no drawing)."""
