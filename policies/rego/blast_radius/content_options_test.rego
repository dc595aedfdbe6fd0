# METADATA
# description: |
#   Unit tests of the two content options of file predicates: `notWithin` (added lines inside a
#   block whose header matches are not searched; the scopes come with the input, computed by
#   the TS normaliser) and `lines: changed` (the removed lines are searched too). Data and
#   input are written as the TypeScript loader and normaliser produce them.
package trustladder.blast_radius_content_test

import data.trustladder.blast_radius as policy

# ------------------------------------------------------------------ builders

_file(added) := {"at": "/files/0", "paths": ["src/auth/a.ts"], "status": "modified", "repo": null, "added": added}

_node(fields) := object.union(
	{
		"id": 0, "depth": 0, "at": "/rules/0/when#files", "op": "files",
		"globs": [], "excludeGlobs": [], "ignoreCase": false,
		"paths": ["^src/auth/(?:[^/]*/)*[^/]*$"], "exclude": [], "statuses": null, "content": null,
	},
	fields,
)

_one(node) := {
	"name": "t", "digest": "sha256:0", "default": "T1", "nodes": [node],
	"rules": [{"id": "r", "tier": "T3", "description": "rule r", "root": 0}],
}

_change(files) := {
	"files": files, "repoCount": 1, "dependencies": [], "coverageRatio": null,
	"service": null, "labels": [], "rowsAffected": null,
}

_true := {"tier": "T3", "defaulted": false, "ambiguous": false, "matches": [{
	"rule": "r", "tier": "T3", "state": "true", "description": "rule r",
	"surfaces": ["src/auth/a.ts"], "unknown": [],
}]}

_false := {"tier": "T1", "defaulted": true, "ambiguous": false, "matches": []}

# ------------------------------------------------------------------ notWithin, lines

_rollback := _node({"content": "drop", "notWithin": "(?:^\\s*down\\(\\) \\{$)"})

_scoped_file(added, scopes) := object.union(_file(added), {"scopes": scopes})

test_false_files_when_the_only_match_lies_in_a_not_within_block if {
	files := [_scoped_file(["  up() {", "    add x", "  down() {", "    drop x"], [[], ["  up() {"], [], ["  down() {"]])]
	policy.classification == _false with data.blast_radius as _one(_rollback) with input as _change(files)
}

test_true_files_when_a_match_lies_outside_the_not_within_block if {
	files := [_scoped_file(["  up() {", "    drop x", "  down() {"], [[], ["  up() {"], []])]
	policy.classification == _true with data.blast_radius as _one(_rollback)
		with input as _change(files)
}

test_true_files_when_not_within_is_asked_but_the_file_has_no_scopes if {
	files := [_file(["    drop x"])]
	policy.classification == _true with data.blast_radius as _one(_rollback)
		with input as _change(files)
}

_code_line := _node({"content": "^[a-z]", "lines": "changed"})

_changed_file(added, removed) := object.union(_file(added), {"removed": removed})

test_true_files_when_a_removed_line_matches_and_changed_lines_are_searched if {
	files := [_changed_file(["// a comment"], ["check(user)"])]
	policy.classification == _true with data.blast_radius as _one(_code_line)
		with input as _change(files)
}

test_false_files_when_a_removed_line_matches_but_only_added_lines_are_searched if {
	files := [_changed_file(["// a comment"], ["check(user)"])]
	node := object.union(_code_line, {"lines": "added"})
	policy.classification == _false with data.blast_radius as _one(node) with input as _change(files)
}

test_false_files_when_no_changed_line_matches if {
	files := [_changed_file(["// a comment"], ["// the comment"])]
	policy.classification == _false with data.blast_radius as _one(_code_line) with input as _change(files)
}
