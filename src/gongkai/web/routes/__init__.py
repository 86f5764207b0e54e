"""Routes, one module per page group.  They call Library methods only: no SQL, no parsing here."""
