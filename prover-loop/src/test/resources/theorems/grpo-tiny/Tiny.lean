-- grpo-tiny: core Lean 4 only, no imports

theorem g_a : 2 + 2 = 4 := by sorry

theorem g_b : 3 + 5 = 8 := by sorry

theorem g_c : 1 + 4 = 5 := by sorry

theorem g_d : 6 + 1 = 7 := by sorry

theorem g_e : 4 + 3 = 7 := by sorry

theorem g_f : 5 + 2 = 7 := by sorry

theorem t_crash : 1 + 1 = 2 := by sorry

theorem v_a : 1 + 2 = 3 := by sorry

theorem v_b : 2 + 5 = 7 := by sorry

theorem v_c : 4 + 4 = 8 := by sorry

theorem v_d : 3 + 3 = 6 := by sorry
