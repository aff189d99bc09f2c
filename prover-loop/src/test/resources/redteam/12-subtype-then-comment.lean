-- red team: `//` is one token: `//-` does not open a comment
-- expect: REJECTED ambiguous
theorem cheat : False := by exact absurd (⟨0, rfl⟩ : {x : Nat //- run_tac -/ x = 0}) (by native_decide)
