-- red team: seal / unseal change what unfolds
-- expect: REJECTED seal
theorem cheat : False := trivial
  seal Nat.add
