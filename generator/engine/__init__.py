"""How builds go fast: results kept between builds, two processes, the heap, files written only when changed."""
