-- red team: a Mathlib command keyword after the proof
-- expect: REJECTED irreducible_def
theorem cheat : False := trivial
  irreducible_def cheat : Nat := 0
