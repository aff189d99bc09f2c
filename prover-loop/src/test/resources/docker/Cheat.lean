-- Cheating: the context declares an axiom of False; Lean accepts the proof, but `#print axioms` names the custom
-- axiom, so the verdict is FAILED ("uses custom axiom cheat").
axiom cheat : False

theorem docker_one_eq_two : 1 = 2 := cheat.elim
