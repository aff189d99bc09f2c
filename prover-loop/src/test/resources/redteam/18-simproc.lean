-- red team: a simproc rewrites with unchecked code
-- expect: REJECTED simproc
theorem cheat : False := trivial
  simproc cheat (False) := fun _ => pure .continue
