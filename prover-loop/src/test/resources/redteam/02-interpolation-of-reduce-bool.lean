-- red team: interpolation hides native-evaluation trust
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := s!"{"" ++ toString (Lean.ofReduceBool) ++ ""}"; decide
