# Reconstruction of the original rauth (litl/rauth, 0.7.x) test suite,
# ported to Python 3 / unittest.mock.  See base.py for shared helpers.
