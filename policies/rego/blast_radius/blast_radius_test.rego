# METADATA
# description: |
#   Unit tests of the blast-radius classifier: every predicate in its true, false and unknown
#   states, the combinators' explanations, the decision rule, and the refusal of malformed data.
#   Data and input are written as the TypeScript loader and normaliser produce them; every test
#   compares the whole classification.
package trustladder.blast_radius_test

import data.trustladder.blast_radius as policy

# ------------------------------------------------------------------ builders

_policy(default_tier, rules, nodes) := {
	"name": "t", "digest": "sha256:0",
	"default": default_tier, "rules": rules, "nodes": nodes,
}

_rule(id, tier, root) := {"id": id, "tier": tier, "description": concat(" ", ["rule", id]), "root": root}

_base(id, depth, op) := {"id": id, "depth": depth, "at": concat("", ["/rules/0/when#", op]), "op": op}

_files(id, depth, paths) := object.union(_base(id, depth, "files"), {
	"globs": [], "excludeGlobs": [], "ignoreCase": false,
	"paths": paths, "exclude": [], "statuses": null, "content": null,
})

_all_files(id, depth, paths) := object.union(_files(id, depth, paths), {"op": "allFiles"})

_with(node, fields) := object.union(node, fields)

_combinator(id, depth, op, children) := object.union(_base(id, depth, op), {"children": children})

_no_facts := {"files": [], "repoCount": 1, "dependencies": [], "coverageRatio": null, "service": null, "labels": []}

_change(fields) := object.union_n([_no_facts, {"rowsAffected": null}, fields])

_file(i, paths, status, added) := {
	"at": concat("/", ["", "files", format_int(i, 10)]),
	"paths": paths, "status": status, "repo": null, "added": added,
}

_dependency(i, change, fields) := object.union_n([
	{"at": concat("/", ["", "dependencies", format_int(i, 10)]), "name": "left-pad", "change": change},
	{"ecosystem": null, "allowlisted": null, "score": null},
	fields,
])

_match(id, tier, state, surfaces, unknown) := {
	"rule": id, "tier": tier, "state": state, "description": concat(" ", ["rule", id]),
	"surfaces": surfaces, "unknown": unknown,
}

_result(tier, defaulted, ambiguous, matches) := {
	"tier": tier, "defaulted": defaulted,
	"ambiguous": ambiguous, "matches": matches,
}

# One rule, R, of tier T3 whose condition is node 0; default T1.
_one(node) := _policy("T1", [_rule("r", "T3", 0)], [node])

# The classification when R is true, false, or unknown (with these surfaces and pointers).
_true_with(surfaces) := _result("T3", false, false, [_match("r", "T3", "true", surfaces, [])])

_true := _true_with([])

_false := _result("T1", true, false, [])

_unknown_with(surfaces, pointers) := _result("T3", true, true, [_match("r", "T3", "unknown", surfaces, pointers)])

_unknown(pointers) := _unknown_with([], pointers)

_auth := "^src/auth/(?:[^/]*/)*[^/]*$"

_docs := "^(?:[^/]*/)*[^/]*\\.md$"

# ------------------------------------------------------------------ no rules

test_default_when_the_policy_has_no_rules if {
	policy.classification == _result("T2", true, false, []) with data.blast_radius as _policy("T2", [], [])
		with input as _change({})
}

# ------------------------------------------------------------------ files

test_true_files_when_a_path_matches if {
	files := [_file(0, ["src/auth/session.ts"], "modified", null), _file(1, ["README.md"], "added", null)]
	policy.classification == _true_with(["src/auth/session.ts"]) with data.blast_radius as _one(_files(0, 0, [_auth]))
		with input as _change({"files": files})
}

test_false_files_when_no_path_matches if {
	files := [_file(0, ["docs/guide.md"], "modified", null)]
	policy.classification == _false with data.blast_radius as _one(_files(0, 0, [_auth]))
		with input as _change({"files": files})
}

test_false_files_when_every_matching_path_is_excluded if {
	node := _with(_files(0, 0, [_auth]), {"exclude": ["^(?:[^/]*/)*[^/]*\\.test\\.ts$"]})
	files := [_file(0, ["src/auth/session.test.ts"], "modified", null)]
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({"files": files})
}

test_true_files_when_one_path_of_a_rename_passes if {
	files := [_file(0, ["docs/notes.md", "src/auth/notes.md"], "renamed", null)]
	policy.classification == _true_with(["src/auth/notes.md"]) with data.blast_radius as _one(_files(0, 0, [_auth]))
		with input as _change({"files": files})
}

test_true_files_with_case_insensitive_regex if {
	files := [_file(0, ["SRC/Auth/Login.TS"], "modified", null)]
	node := _files(0, 0, ["(?i)^src/auth/(?:[^/]*/)*[^/]*$"])
	policy.classification == _true_with(["SRC/Auth/Login.TS"]) with data.blast_radius as _one(node)
		with input as _change({"files": files})
}

test_true_files_when_the_status_is_asked_for if {
	files := [_file(0, ["src/auth/a.ts"], "deleted", null), _file(1, ["src/auth/b.ts"], "added", null)]
	node := _with(_files(0, 0, [_auth]), {"statuses": ["added", "modified"]})
	policy.classification == _true_with(["src/auth/b.ts"]) with data.blast_radius as _one(node)
		with input as _change({"files": files})
}

test_false_files_when_the_status_is_not_asked_for if {
	files := [_file(0, ["src/auth/a.ts"], "deleted", null)]
	node := _with(_files(0, 0, [_auth]), {"statuses": ["added"]})
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({"files": files})
}

test_true_files_when_an_added_line_matches_the_content if {
	files := [_file(0, ["src/auth/a.ts"], "modified", ["select 1", "DROP TABLE users;"])]
	node := _with(_files(0, 0, [_auth]), {"content": "(?i)\\b(drop|truncate)\\b"})
	policy.classification == _true_with(["src/auth/a.ts"]) with data.blast_radius as _one(node)
		with input as _change({"files": files})
}

test_false_files_when_no_added_line_matches_the_content if {
	files := [_file(0, ["src/auth/a.ts"], "modified", ["select 1"])]
	node := _with(_files(0, 0, [_auth]), {"content": "drop"})
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({"files": files})
}

test_unknown_files_when_the_patch_is_missing if {
	files := [_file(0, ["src/auth/a.ts"], "modified", null), _file(1, ["src/auth/b.ts"], "modified", ["nothing"])]
	node := _with(_files(0, 0, [_auth]), {"content": "drop"})
	policy.classification == _unknown_with(["src/auth/a.ts"], ["/files/0/patch"]) with data.blast_radius as _one(node)
		with input as _change({"files": files})
}

test_true_files_wins_over_a_missing_patch if {
	files := [_file(0, ["src/auth/a.ts"], "modified", null), _file(1, ["src/auth/b.ts"], "modified", ["drop it"])]
	node := _with(_files(0, 0, [_auth]), {"content": "drop"})
	policy.classification == _true_with(["src/auth/b.ts"]) with data.blast_radius as _one(node)
		with input as _change({"files": files})
}

# ------------------------------------------------------------------ allFiles

test_true_all_files_when_every_file_passes if {
	files := [_file(0, ["docs/a.md"], "modified", null), _file(1, ["README.md"], "added", null)]
	expected := _true_with(["README.md", "docs/a.md"])
	policy.classification == expected with data.blast_radius as _one(_all_files(0, 0, [_docs]))
		with input as _change({"files": files})
}

test_false_all_files_when_one_file_fails if {
	files := [_file(0, ["docs/a.md"], "modified", null), _file(1, ["src/a.ts"], "added", null)]
	policy.classification == _false with data.blast_radius as _one(_all_files(0, 0, [_docs]))
		with input as _change({"files": files})
}

test_false_all_files_without_files if {
	policy.classification == _false with data.blast_radius as _one(_all_files(0, 0, [_docs]))
		with input as _change({})
}

test_false_all_files_when_one_path_of_a_rename_fails if {
	files := [_file(0, ["docs/a.md", "src/a.ts"], "renamed", null)]
	policy.classification == _false with data.blast_radius as _one(_all_files(0, 0, [_docs]))
		with input as _change({"files": files})
}

test_unknown_all_files_names_only_the_unknown_files if {
	files := [_file(0, ["docs/a.md"], "modified", ["TODO: fix"]), _file(1, ["docs/b.md"], "modified", null)]
	node := _with(_all_files(0, 0, [_docs]), {"content": "TODO"})
	policy.classification == _unknown_with(["docs/b.md"], ["/files/1/patch"]) with data.blast_radius as _one(node)
		with input as _change({"files": files})
}

# ------------------------------------------------------------------ repos, labels, rows

test_true_repos_at_the_minimum if {
	policy.classification == _true with data.blast_radius as _one(_with(_base(0, 0, "repos"), {"min": 2}))
		with input as _change({"repoCount": 2})
}

test_false_repos_below_the_minimum if {
	policy.classification == _false with data.blast_radius as _one(_with(_base(0, 0, "repos"), {"min": 2}))
		with input as _change({"repoCount": 1})
}

test_true_labels_any_of_and_all_of if {
	node := _with(_base(0, 0, "labels"), {"anyOf": ["hotfix", "new-public-api"], "allOf": ["shared-library"]})
	policy.classification == _true with data.blast_radius as _one(node)
		with input as _change({"labels": ["new-public-api", "shared-library"]})
}

test_false_labels_when_one_of_all_of_is_missing if {
	node := _with(_base(0, 0, "labels"), {"anyOf": null, "allOf": ["hotfix", "shared-library"]})
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({"labels": ["hotfix"]})
}

test_false_labels_when_none_of_any_of_is_present if {
	node := _with(_base(0, 0, "labels"), {"anyOf": ["hotfix"], "allOf": null})
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({})
}

test_true_rows_affected_above if {
	node := _with(_base(0, 0, "rowsAffected"), {"above": 1000000})
	policy.classification == _true with data.blast_radius as _one(node) with input as _change({"rowsAffected": 2500000})
}

test_false_rows_affected_at_the_bound if {
	node := _with(_base(0, 0, "rowsAffected"), {"above": 1000000})
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({"rowsAffected": 1000000})
}

test_unknown_rows_affected_when_missing if {
	node := _with(_base(0, 0, "rowsAffected"), {"above": 0})
	policy.classification == _unknown(["/data/rowsAffected"]) with data.blast_radius as _one(node)
		with input as _change({})
}

# ------------------------------------------------------------------ coverage, service

test_true_coverage_below if {
	node := _with(_base(0, 0, "coverage"), {"below": 0.8, "atLeast": null})
	policy.classification == _true with data.blast_radius as _one(node) with input as _change({"coverageRatio": 0.5})
}

test_false_coverage_at_the_strict_bound if {
	node := _with(_base(0, 0, "coverage"), {"below": 0.8, "atLeast": null})
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({"coverageRatio": 0.8})
}

test_true_coverage_at_least_inclusive if {
	node := _with(_base(0, 0, "coverage"), {"below": null, "atLeast": 0.8})
	policy.classification == _true with data.blast_radius as _one(node) with input as _change({"coverageRatio": 0.8})
}

test_unknown_coverage_when_missing if {
	node := _with(_base(0, 0, "coverage"), {"below": 0.8, "atLeast": null})
	policy.classification == _unknown(["/coverage"]) with data.blast_radius as _one(node) with input as _change({})
}

test_true_service_has_and_lacks if {
	node := _with(_base(0, 0, "service"), {"has": ["slo"], "lacks": ["canary", "killSwitch"]})
	service := {"slo": true, "canary": false, "killSwitch": false}
	policy.classification == _true with data.blast_radius as _one(node) with input as _change({"service": service})
}

test_false_service_lacking_a_flag_it_has if {
	node := _with(_base(0, 0, "service"), {"has": [], "lacks": ["killSwitch"]})
	service := {"slo": true, "canary": true, "killSwitch": true}
	policy.classification == _false with data.blast_radius as _one(node) with input as _change({"service": service})
}

test_unknown_service_when_missing if {
	node := _with(_base(0, 0, "service"), {"has": ["slo"], "lacks": []})
	policy.classification == _unknown(["/service"]) with data.blast_radius as _one(node) with input as _change({})
}

# ------------------------------------------------------------------ dependencies

_dependencies(fields) := object.union_n([
	_base(0, 0, "dependencies"),
	{"change": null, "ecosystem": null, "allowlisted": null, "scoreBelow": null, "scoreAtLeast": null},
	fields,
])

test_false_dependencies_without_dependencies if {
	policy.classification == _false with data.blast_radius as _one(_dependencies({})) with input as _change({})
}

test_true_dependencies_any_change_for_an_empty_predicate if {
	policy.classification == _true with data.blast_radius as _one(_dependencies({}))
		with input as _change({"dependencies": [_dependency(0, "removed", {})]})
}

test_true_dependencies_matching_every_criterion if {
	node := _dependencies({"change": ["added"], "ecosystem": ["npm"], "allowlisted": false, "scoreBelow": 0.7})
	dependency := _dependency(0, "added", {"ecosystem": "npm", "allowlisted": false, "score": 0.3})
	policy.classification == _true with data.blast_radius as _one(node)
		with input as _change({"dependencies": [dependency]})
}

test_false_dependencies_when_the_change_differs if {
	node := _dependencies({"change": ["added"], "allowlisted": false})
	dependency := _dependency(0, "removed", {})
	policy.classification == _false with data.blast_radius as _one(node)
		with input as _change({"dependencies": [dependency]})
}

test_false_dependencies_score_at_least_not_reached if {
	node := _dependencies({"scoreAtLeast": 0.9})
	dependency := _dependency(0, "added", {"score": 0.5})
	policy.classification == _false with data.blast_radius as _one(node)
		with input as _change({"dependencies": [dependency]})
}

test_unknown_dependencies_name_every_missing_fact if {
	node := _dependencies({"ecosystem": ["npm"], "allowlisted": false, "scoreBelow": 0.7})
	dependencies := [_dependency(0, "added", {}), _dependency(1, "added", {"ecosystem": "pypi"})]
	pointers := ["/dependencies/0/allowlisted", "/dependencies/0/ecosystem", "/dependencies/0/score"]
	policy.classification == _unknown(pointers) with data.blast_radius as _one(node)
		with input as _change({"dependencies": dependencies})
}

test_true_dependencies_wins_over_an_unknown_one if {
	node := _dependencies({"scoreAtLeast": 0.5})
	dependencies := [_dependency(0, "added", {}), _dependency(1, "added", {"score": 0.5})]
	policy.classification == _true with data.blast_radius as _one(node)
		with input as _change({"dependencies": dependencies})
}

# ------------------------------------------------------------------ combinators

# Node ids: 0 = the combinator; 1 = a files predicate on src/auth (true for a.ts, unknown
# for b.ts without a patch); 2 = repos >= 2; 3 = coverage below 0.8 (unknown when missing).
_auth_content := _with(_files(1, 1, [_auth]), {"content": "drop"})

_repos := _with(_base(2, 1, "repos"), {"min": 2})

_coverage := _with(_base(3, 1, "coverage"), {"below": 0.8, "atLeast": null})

_tree(op, children) := _policy("T1", [_rule("r", "T3", 0)], [
	_combinator(0, 0, op, children),
	_auth_content,
	_repos,
	_coverage,
])

_missing_patch := _change({"files": [_file(0, ["src/auth/b.ts"], "modified", null)], "repoCount": 2})

_dropping := _change({"files": [_file(0, ["src/auth/a.ts"], "modified", ["drop"])], "repoCount": 2})

test_true_all_of_explains_with_every_operand if {
	expected := _true_with(["src/auth/a.ts"])
	policy.classification == expected with data.blast_radius as _tree("allOf", [1, 2])
		with input as _dropping
}

test_unknown_all_of_explains_with_true_and_unknown_operands if {
	expected := _unknown_with(["src/auth/b.ts"], ["/coverage", "/files/0/patch"])
	policy.classification == expected with data.blast_radius as _tree("allOf", [1, 2, 3])
		with input as _missing_patch
}

test_false_all_of_with_one_false_operand if {
	policy.classification == _false with data.blast_radius as _tree("allOf", [1, 3])
		with input as _change({"coverageRatio": 0.5})
}

test_true_any_of_explains_with_the_true_operands_only if {
	expected := _true_with([])
	policy.classification == expected with data.blast_radius as _tree("anyOf", [1, 2, 3])
		with input as _missing_patch
}

test_unknown_any_of_explains_with_the_unknown_operands if {
	expected := _unknown_with(["src/auth/b.ts"], ["/coverage", "/files/0/patch"])
	missing := object.union(_missing_patch, {"repoCount": 1})
	policy.classification == expected with data.blast_radius as _tree("anyOf", [1, 2, 3])
		with input as missing
}

test_false_any_of_with_every_operand_false if {
	policy.classification == _false with data.blast_radius as _tree("anyOf", [1, 2])
		with input as _change({})
}

test_true_not_of_a_false_operand_points_at_nothing if {
	policy.classification == _true with data.blast_radius as _tree("not", [2]) with input as _change({})
}

test_false_not_of_a_true_operand if {
	policy.classification == _false with data.blast_radius as _tree("not", [1]) with input as _dropping
}

test_unknown_not_keeps_the_operand_explanation if {
	expected := _unknown_with(["src/auth/b.ts"], ["/files/0/patch"])
	policy.classification == expected with data.blast_radius as _tree("not", [1]) with input as _missing_patch
}

# Eight combinators deep, the deepest level the loader allows, around one predicate.
test_true_nested_eight_levels_deep if {
	nots := [_combinator(depth, depth, "not", [depth + 1]) | some depth in numbers.range(0, 7)]
	nodes := array.concat(nots, [_with(_base(8, 8, "repos"), {"min": 2})])
	policy.classification == _true with data.blast_radius as _policy("T1", [_rule("r", "T3", 0)], nodes)
		with input as _change({"repoCount": 2})
}

# ------------------------------------------------------------------ decision

_three := _policy(
	"T2",
	[_rule("low", "T1", 0), _rule("high", "T3", 1), _rule("mid", "T2", 2)],
	[
		_with(_base(0, 0, "repos"), {"min": 2}),
		_with(_base(1, 0, "service"), {"has": ["slo"], "lacks": []}),
		_with(_base(2, 0, "labels"), {"anyOf": ["hotfix"], "allOf": null}),
	],
)

test_true_rules_set_the_tier_and_unknown_ones_raise_it if {
	expected := _result("T3", false, true, [
		_match("low", "T1", "true", [], []),
		_match("high", "T3", "unknown", [], ["/service"]),
	])
	policy.classification == expected with data.blast_radius as _three with input as _change({"repoCount": 2})
}

test_true_rule_below_the_default_lowers_the_tier if {
	service := {"slo": false, "canary": false, "killSwitch": false}
	expected := _result("T1", false, false, [_match("low", "T1", "true", [], [])])
	policy.classification == expected with data.blast_radius as _three
		with input as _change({"repoCount": 2, "service": service})
}

test_unknown_rules_raise_the_default if {
	expected := _result("T3", true, true, [_match("high", "T3", "unknown", [], ["/service"])])
	policy.classification == expected with data.blast_radius as _three with input as _change({})
}

test_unknown_rule_at_the_default_is_not_ambiguous if {
	coverage := _with(_base(0, 0, "coverage"), {"below": 0.8, "atLeast": null})
	low_unknown := _policy("T2", [_rule("cov", "T2", 0)], [coverage])
	expected := _result("T2", true, false, [_match("cov", "T2", "unknown", [], ["/coverage"])])
	policy.classification == expected with data.blast_radius as low_unknown with input as _change({})
}

test_true_rules_listed_in_policy_order if {
	service := {"slo": true, "canary": false, "killSwitch": false}
	expected := _result("T3", false, false, [
		_match("low", "T1", "true", [], []),
		_match("high", "T3", "true", [], []),
		_match("mid", "T2", "true", [], []),
	])
	policy.classification == expected with data.blast_radius as _three
		with input as _change({"repoCount": 3, "service": service, "labels": ["hotfix"]})
}

# ------------------------------------------------------------------ malformed data

test_deny_a_combinator_nested_too_deep if {
	nodes := [_combinator(0, 9, "not", [1]), _with(_base(1, 10, "repos"), {"min": 1})]
	not policy.classification with data.blast_radius as _policy("T1", [_rule("r", "T3", 0)], nodes)
		with input as _change({})
}

test_deny_a_dangling_child if {
	nodes := [_combinator(0, 0, "allOf", [1, 7]), _with(_base(1, 1, "repos"), {"min": 1})]
	not policy.classification with data.blast_radius as _policy("T1", [_rule("r", "T3", 0)], nodes)
		with input as _change({})
}

test_deny_a_dangling_root if {
	not policy.classification with data.blast_radius as _policy("T1", [_rule("r", "T3", 4)], [])
		with input as _change({})
}

test_deny_an_unknown_tier if {
	nodes := [_with(_base(0, 0, "repos"), {"min": 1})]
	not policy.classification with data.blast_radius as _policy("T9", [_rule("r", "T3", 0)], nodes)
		with input as _change({})
}

# The OPA Wasm runtime's regex cache breaks past 100 patterns: refuse rather than risk it.
test_deny_more_than_99_distinct_patterns if {
	nodes := [_files(i, 1, [concat("", ["^f", format_int(i, 10), "$"])]) | some i in numbers.range(1, 100)]
	root := _combinator(0, 0, "anyOf", numbers.range(1, 100))
	many := _policy("T1", [_rule("r", "T3", 0)], array.concat([root], nodes))
	not policy.classification with data.blast_radius as many
		with input as _change({})
}

test_true_with_99_distinct_patterns if {
	nodes := [_files(i, 1, [concat("", ["^f", format_int(i, 10), "$"])]) | some i in numbers.range(1, 99)]
	root := _combinator(0, 0, "anyOf", numbers.range(1, 99))
	expected := _true_with(["f7"])
	many := _policy("T1", [_rule("r", "T3", 0)], array.concat([root], nodes))
	policy.classification == expected with data.blast_radius as many
		with input as _change({"files": [_file(0, ["f7"], "added", null)]})
}
