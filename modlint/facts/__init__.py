"""Stage 3: facts. Read each file once, decode it, extract typed facts (CPython ast / libcst), cache them."""
