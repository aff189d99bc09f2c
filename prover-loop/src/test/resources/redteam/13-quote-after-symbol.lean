-- red team: `⁻¹'` may be one token or `⁻¹` and a character literal
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := 2 ⁻¹'"'; run_tac pure () -- "
  decide
