-- star-tiny: core Lean 4 only, no imports

theorem p_a : 2 + 2 = 4 := by sorry

theorem p_b : 3 + 5 = 8 := by sorry

theorem p_c : 1 + 4 = 5 := by sorry

theorem p_d : 6 + 1 = 7 := by sorry

theorem t_crash : 1 + 1 = 2 := by sorry

theorem t_hang : 2 + 1 = 3 := by sorry

theorem p_e : 1 + 2 = 3 := by sorry

theorem p_f : 2 + 5 = 7 := by sorry

theorem p_g : 4 + 4 = 8 := by sorry

theorem p_h : 3 + 3 = 6 := by sorry

theorem p_i : 5 + 1 = 6 := by sorry
