-- red team: `/-!` is a command: the declaration ends there
-- expect: REJECTED doc comment
theorem cheat : False := by trivial
  /-! from here on: commands -/
  axiom cheat' : False
