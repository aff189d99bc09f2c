-- red team: add_decl_doc is a command after the proof
-- expect: REJECTED add_decl_doc
theorem cheat : False := trivial
  add_decl_doc cheat
