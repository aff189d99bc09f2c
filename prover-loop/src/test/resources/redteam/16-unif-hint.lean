-- red team: unification hints after the proof change how later text elaborates
-- expect: REJECTED unif_hint
theorem cheat : False := by trivial
  unif_hint (n : Nat) where n =?= 0 ⊢ True =?= False
