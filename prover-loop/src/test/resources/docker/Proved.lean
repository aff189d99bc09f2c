-- Proved: decide evaluates the closed statement.
theorem docker_two_add_two : 2 + 2 = 4 := by decide
