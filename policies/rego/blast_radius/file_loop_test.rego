# METADATA
# description: |
#   Unit tests of the file loop's shortcuts: file nodes that share a `paths` alternation (it is
#   matched once per path) keep their own excludes and statuses, and a file whose status is not
#   asked for, or that is no candidate, is false whatever its lines say. Data and input are
#   written as the TypeScript loader and normaliser produce them; every test compares the
#   whole classification.
package trustladder.blast_radius_file_loop_test

import data.trustladder.blast_radius as policy

# ------------------------------------------------------------------ builders

_auth := "^src/auth/(?:[^/]*/)*[^/]*$"

_docs := "^(?:[^/]*/)*[^/]*\\.md$"

_node(id, paths, fields) := object.union(
	{
		"id": id, "depth": 0, "at": "/rules/0/when#files", "op": "files",
		"globs": [], "excludeGlobs": [], "ignoreCase": false,
		"paths": paths, "exclude": [], "statuses": null, "content": null,
	},
	fields,
)

_rule(id, tier, root) := {"id": id, "tier": tier, "description": concat(" ", ["rule", id]), "root": root}

_policy(rules, nodes) := {"name": "t", "digest": "sha256:0", "default": "T0", "rules": rules, "nodes": nodes}

_file(i, paths, status, added) := {
	"at": concat("/", ["", "files", format_int(i, 10)]),
	"paths": paths, "status": status, "repo": null, "added": added,
}

_change(files) := {
	"files": files, "repoCount": 1, "dependencies": [], "coverageRatio": null,
	"service": null, "labels": [], "rowsAffected": null,
}

_match(id, tier, state, surfaces, unknown) := {
	"rule": id, "tier": tier, "state": state, "description": concat(" ", ["rule", id]),
	"surfaces": surfaces, "unknown": unknown,
}

_result(tier, defaulted, ambiguous, matches) := {
	"tier": tier, "defaulted": defaulted,
	"ambiguous": ambiguous, "matches": matches,
}

# ------------------------------------------------------------------ shared alternations

# Rules a and b share one alternation; a leaves out tests, b asks for added files only; c's
# alternation is another.
test_true_files_nodes_sharing_an_alternation_keep_their_own_excludes_and_statuses if {
	nodes := [
		_node(0, [_auth], {"exclude": ["^(?:[^/]*/)*[^/]*\\.test\\.ts$"]}),
		_node(1, [_auth], {"statuses": ["added"]}),
		_node(2, [_docs], {}),
	]
	rules := [_rule("a", "T3", 0), _rule("b", "T2", 1), _rule("c", "T1", 2)]
	files := [
		_file(0, ["src/auth/session.test.ts"], "modified", null),
		_file(1, ["src/auth/login.ts"], "added", null),
		_file(2, ["docs/auth.md", "src/auth/notes.md"], "renamed", null),
	]
	expected := _result("T3", false, false, [
		_match("a", "T3", "true", ["src/auth/login.ts", "src/auth/notes.md"], []),
		_match("b", "T2", "true", ["src/auth/login.ts"], []),
		_match("c", "T1", "true", ["docs/auth.md", "src/auth/notes.md"], []),
	])
	policy.classification == expected with data.blast_radius as _policy(rules, nodes)
		with input as _change(files)
}

# ------------------------------------------------------------------ false files decide alone

# Without a patch the content is unknown, but a file of another status, or off the paths, is
# false: no unknown pointer for it, and the rule is false.
test_false_files_when_status_or_paths_rule_the_file_out_whatever_its_content if {
	nodes := [
		_node(0, [_auth], {"statuses": ["added"], "content": "token"}),
		_node(1, [_docs], {"content": "token"}),
	]
	rules := [_rule("status", "T3", 0), _rule("paths", "T2", 1)]
	files := [_file(0, ["src/auth/a.ts"], "modified", null), _file(1, ["src/auth/b.ts"], "modified", ["token"])]
	policy.classification == _result("T0", true, false, []) with data.blast_radius as _policy(rules, nodes)
		with input as _change(files)
}

# A candidate of the status asked for: the content decides (unknown without a patch, and
# unknown raises the tier).
test_unknown_files_when_a_candidate_has_no_patch if {
	nodes := [_node(0, [_auth], {"statuses": ["modified"], "content": "token"})]
	files := [_file(0, ["src/auth/a.ts"], "modified", null), _file(1, ["src/auth/b.ts"], "modified", ["nothing"])]
	expected := _result("T3", true, true, [_match("r", "T3", "unknown", ["src/auth/a.ts"], ["/files/0/patch"])])
	policy.classification == expected with data.blast_radius as _policy([_rule("r", "T3", 0)], nodes)
		with input as _change(files)
}
