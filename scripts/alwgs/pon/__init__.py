"""Panel of normals: built from the normals of finished batches, extended as the lab grows."""
