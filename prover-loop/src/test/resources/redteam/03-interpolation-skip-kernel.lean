-- red team: interpolation hides set_option debug.skipKernelTC
-- expect: REJECTED ambiguous
theorem cheat : False := by have _x := s!"{"" ++ (set_option debug.skipKernelTC true in "a") ++ ""}"; decide
