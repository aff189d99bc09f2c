-- red team: an attribute list starts a declaration after the proof
-- expect: REJECTED attribute
theorem cheat : False := trivial
  @[simp] lemma helper : True := trivial
