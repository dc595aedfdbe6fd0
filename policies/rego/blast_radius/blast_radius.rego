# METADATA
# title: Blast-radius classifier
# description: |
#   Classifies a normalised change (input: the NormalisedChange of @trustladder/core) under a
#   compiled blast-radius policy (data.blast_radius: a CompiledPolicy), exactly as the
#   TypeScript engine does: the same regexes (compiled from the globs by the TS loader), the
#   same Kleene (three-valued) logic, the same decision rule. Conditions arrive as flat nodes
#   with a depth of at most 8, so combinators are evaluated level by level, without recursion.
#   A missing fact is unknown, and unknown can only raise the tier, never lower it.
#
#   Regexes: the OPA Wasm runtime compiles every distinct pattern once per evaluation into a
#   cache of 100 entries whose eviction frees a pattern still in use (opa_regex_match in
#   wasm/src/regex.cc of OPA v1.21.1: a crash or an endless loop). So each file predicate's
#   `paths` and `exclude` regexes are joined into one alternation (same meaning, fewer
#   compilations), and a policy needing more than 99 distinct patterns gets no classification.
# custom:
#   category: blast-radius
#   severity: high
package trustladder.blast_radius

# METADATA
# title: Classification
# description: |
#   The classification: tier, defaulted, ambiguous and the matching rules (state, surfaces,
#   unknown facts), matches in the policy's rule order, surfaces and unknown sorted. Undefined
#   when the data is not a well-formed compiled policy (a node nested deeper than the unrolled
#   levels, a dangling child or root, more than 99 distinct regexes), so a caller can never
#   mistake it for a decision.
# entrypoint: true
classification := {
	"tier": _tiers[_tier_rank],
	"defaulted": count(_true_ranks) == 0,
	"ambiguous": max(_unknown_ranks | {-1}) > _base_rank,
	"matches": _matches,
} if {
	_complete
}

_policy := data.blast_radius

_tiers := ["T0", "T1", "T2", "T3"]

_rank[tier] := i if some i, tier in _tiers

_leaf_ops := {"files", "allFiles", "repos", "dependencies", "coverage", "service", "labels", "rowsAffected"}

_combinator_ops := {"allOf", "anyOf", "not"}

_false := {"state": "false", "surfaces": set(), "unknown": set()}

# ------------------------------------------------------------------ decision

_true_ranks contains _rank[rule.tier] if {
	some rule in _policy.rules
	_outcomes[rule.root].state == "true"
}

_unknown_ranks contains _rank[rule.tier] if {
	some rule in _policy.rules
	_outcomes[rule.root].state == "unknown"
}

# The true rules decide the tier; with none, the default does. Unknown rules can only raise it.
_base_rank := max(_true_ranks) if count(_true_ranks) > 0

else := _rank[_policy.default]

_tier_rank := max(_unknown_ranks | {_base_rank})

_matches := [match |
	some rule in _policy.rules
	outcome := _outcomes[rule.root]
	outcome.state != "false"
	match := {
		"rule": rule.id,
		"tier": rule.tier,
		"state": outcome.state,
		"description": rule.description,
		"surfaces": sort(outcome.surfaces),
		"unknown": sort(outcome.unknown),
	}
]

# Every node has an outcome and every rule's root exists: otherwise there is no result at all.
_complete if {
	count(_outcomes) == count(_policy.nodes)
	every rule in _policy.rules {
		_outcomes[rule.root]
		_rank[rule.tier]
	}
	_rank[_policy.default]
	count(_patterns) <= _max_patterns
}

# ------------------------------------------------------------------ regexes

_max_patterns := 99

# One alternation of each file predicate's `paths`, one of its `exclude` (when it has any).
# Each regex keeps its own flags inside its group: (?:(?i)^a$)|(?:^b$). Built as whole objects
# once per evaluation (a partial object rule would be re-evaluated for every key looked up).
# regal ignore:prefer-set-or-object-rule
_path_regex := {node.id: _alternation(node.paths) | some node in _file_nodes}

# regal ignore:prefer-set-or-object-rule
_exclude_regex := {node.id: _alternation(node.exclude) | some node in _file_nodes; count(node.exclude) > 0}

_file_nodes := [node | some node in _policy.nodes; node.op in {"files", "allFiles"}]

# Each distinct `paths` alternation is matched against a path once, however many file nodes
# share it: the Wasm runtime hashes and copies the whole pattern on every regex.match (its
# regex cache is keyed by the pattern text), so the cost is the bytes of pattern per path, and
# the default policy's 36 file nodes share 23 alternations (61 kB -> 37 kB per path).
_distinct_paths := sort({pattern | some pattern in _path_regex})

# regal ignore:prefer-set-or-object-rule
_path_index := {id: i | some id, pattern in _path_regex; some i, distinct in _distinct_paths; distinct == pattern}

# For each file, for each of its paths: the indexes (in _distinct_paths) of the alternations
# that match it. Every file node reads every file, so no match computed here is wasted.
_path_hits := [[{i | some i, pattern in _distinct_paths; regex.match(pattern, path)} |
	some path in file.paths
] |
	some file in input.files
]

_alternation(patterns) := concat("|", [concat("", ["(?:", pattern, ")"]) | some pattern in patterns])

_patterns contains pattern if some pattern in _path_regex

_patterns contains pattern if some pattern in _exclude_regex

_patterns contains node.content if {
	some node in _file_nodes
	node.content != null
}

_patterns contains node.notWithin if {
	some node in _file_nodes
	node.content != null
	node.notWithin != null
}

# ------------------------------------------------------------------ levels

# Leaves first, then the combinators level by level from the deepest (8) up to the roots (0):
# a combinator at depth d only reads children at depth d + 1, which are already done. Each
# level is a rule, not a function of the level below: OPA hashes a function's arguments, and
# the outcomes so far are a large object.
# regal ignore:prefer-set-or-object-rule
_leaves := {node.id: _leaf(node) | some node in _policy.nodes; node.op in _leaf_ops}

# The combinators of each depth.
# regal ignore:prefer-set-or-object-rule
_combinators_at := {depth: nodes |
	some depth in numbers.range(0, 8)
	nodes := [node | some node in _policy.nodes; node.depth == depth; node.op in _combinator_ops]
}

_level_8 := object.union(_leaves, {node.id: _combine(node.op, children) |
	some node in _combinators_at[8]
	children := [_leaves[child] | some child in node.children]
	count(children) == count(node.children)
})

_level_7 := object.union(_level_8, {node.id: _combine(node.op, children) |
	some node in _combinators_at[7]
	children := [_level_8[child] | some child in node.children]
	count(children) == count(node.children)
})

_level_6 := object.union(_level_7, {node.id: _combine(node.op, children) |
	some node in _combinators_at[6]
	children := [_level_7[child] | some child in node.children]
	count(children) == count(node.children)
})

_level_5 := object.union(_level_6, {node.id: _combine(node.op, children) |
	some node in _combinators_at[5]
	children := [_level_6[child] | some child in node.children]
	count(children) == count(node.children)
})

_level_4 := object.union(_level_5, {node.id: _combine(node.op, children) |
	some node in _combinators_at[4]
	children := [_level_5[child] | some child in node.children]
	count(children) == count(node.children)
})

_level_3 := object.union(_level_4, {node.id: _combine(node.op, children) |
	some node in _combinators_at[3]
	children := [_level_4[child] | some child in node.children]
	count(children) == count(node.children)
})

_level_2 := object.union(_level_3, {node.id: _combine(node.op, children) |
	some node in _combinators_at[2]
	children := [_level_3[child] | some child in node.children]
	count(children) == count(node.children)
})

_level_1 := object.union(_level_2, {node.id: _combine(node.op, children) |
	some node in _combinators_at[1]
	children := [_level_2[child] | some child in node.children]
	count(children) == count(node.children)
})

_outcomes := object.union(_level_1, {node.id: _combine(node.op, children) |
	some node in _combinators_at[0]
	children := [_level_1[child] | some child in node.children]
	count(children) == count(node.children)
})

# ------------------------------------------------------------------ Kleene logic

_and(states) := "false" if {
	"false" in states
} else := "unknown" if {
	"unknown" in states
} else := "true"

_or(states) := "true" if {
	"true" in states
} else := "unknown" if {
	"unknown" in states
} else := "false"

_not("true") := "false"

_not("false") := "true"

_not("unknown") := "unknown"

_truth(true) := "true"

_truth(false) := "false"

# ------------------------------------------------------------------ combinators

_combine(op, children) := _explained(state, contributing) if {
	state := _combinator_state(op, [child.state | some child in children])
	contributing := [child | some child in children; _contributes(op, state, child.state)]
}

_combinator_state("allOf", states) := _and(states)

_combinator_state("anyOf", states) := _or(states)

_combinator_state("not", [state]) := _not(state)

# A combinator explains itself with the operands that decided it: when true, the true ones;
# when unknown, the ones that were not false (allOf) or were unknown (anyOf, not).
_contributes(_, "true", "true")

_contributes("allOf", "unknown", "true")

_contributes(_, "unknown", "unknown")

# A false combinator points at nothing. (A true `not` has no contributing operand: its
# operand is false.)
_explained("false", _) := _false

_explained(state, contributing) := {
	"state": state,
	"surfaces": {path | some child in contributing; some path in child.surfaces},
	"unknown": _pointers(state, contributing),
} if {
	state != "false"
}

_pointers("unknown", contributing) := {pointer | some child in contributing; some pointer in child.unknown}

_pointers("true", _) := set()

# ------------------------------------------------------------------ leaves

_leaf(node) := _files_outcome(node) if node.op in {"files", "allFiles"}

_leaf(node) := _fact(_truth(input.repoCount >= node.min), set()) if node.op == "repos"

_leaf(node) := _dependencies_outcome(node) if node.op == "dependencies"

_leaf(node) := _coverage_outcome(node) if node.op == "coverage"

_leaf(node) := _service_outcome(node) if node.op == "service"

_leaf(node) := _fact(_and([_any_label(node), _all_labels(node)]), set()) if node.op == "labels"

_leaf(node) := _rows_outcome(node) if node.op == "rowsAffected"

# A fact predicate names the missing facts only when it is unknown.
_fact("unknown", pointers) := {"state": "unknown", "surfaces": set(), "unknown": pointers}

_fact(state, _) := {"state": state, "surfaces": set(), "unknown": set()} if state != "unknown"

# ------------------------------------------------------------------ files, allFiles

_files_outcome(node) := _files_explained(_files_state(node.op, results), results) if {
	results := [_file_result(node, file, _path_hits[i]) | some i, file in input.files]
}

# Surfaces: the passing paths of the files whose truth is the predicate's own; when it is
# unknown, the missing patches of the unknown files.
_files_explained("false", _) := _false

_files_explained(state, results) := {
	"state": state,
	"surfaces": {path | some result in results; result.state == state; some path in result.passing},
	"unknown": {concat("", [result.at, "/patch"]) |
		state == "unknown"
		some result in results
		result.state == "unknown"
	},
} if {
	state != "false"
}

_files_state("files", results) := _or([result.state | some result in results])

_files_state("allFiles", []) := "false"

_files_state("allFiles", results) := _and([result.state | some result in results]) if count(results) > 0

# A file's truth: it is a candidate (some path passes for `files`, every path for `allFiles`),
# its status is asked for, and its added lines match the content pattern (unknown without a patch).
# Kleene `and` is false as soon as one operand is, so a file whose status is not asked for is
# false without matching its paths against the excludes, and a file that is no candidate is
# false without searching its lines: the regexes are where the time goes. A false file's
# passing paths are never read (only files of the predicate's own truth give surfaces).
_file_result(node, file, hits) := {"state": "false", "passing": [], "at": file.at} if {
	_status_state(node, file) == "false"
} else := {"state": state, "passing": passing, "at": file.at} if {
	passing := [path | some j, path in file.paths; _passes(node, path, hits[j])]
	state := _with_content(_candidate(node.op, passing, file.paths), node, file)
}

_with_content("false", _, _) := "false"

_with_content(candidate, node, file) := _and([candidate, _content_state(node, file)]) if candidate != "false"

# A path passes when some `paths` regex matches it (its alternation is among the path's hits)
# and no `exclude` regex does.
_passes(node, path, hits) if {
	_path_index[node.id] in hits
	not _excluded(node, path)
}

_excluded(node, path) if regex.match(_exclude_regex[node.id], path)

_candidate("files", passing, _) := _truth(count(passing) > 0)

_candidate("allFiles", passing, paths) := _truth(count(passing) == count(paths))

_status_state(node, file) := "true" if {
	node.statuses == null
} else := _truth(file.status in node.statuses)

_content_state(node, file) := "true" if {
	node.content == null
} else := "unknown" if {
	file.added == null
} else := "true" if {
	some i, line in file.added
	regex.match(node.content, line)
	not _within(node, file, i)
} else := "true" if {
	node.lines == "changed"
	some line in object.get(file, "removed", [])
	regex.match(node.content, line)
} else := "false"

# The added line i lies in a block the predicate leaves out: a line enclosing it (its scope,
# computed with the added lines by the TS normaliser) matches a `notWithin` header. A file
# without scopes has every line searched.
_within(node, file, i) if {
	node.notWithin != null
	some header in object.get(file, "scopes", [])[i]
	regex.match(node.notWithin, header)
}

# ------------------------------------------------------------------ dependencies

# Some dependency change matches every criterion asked; a criterion whose fact the dependency
# lacks is unknown, and names the missing fact.
_dependencies_outcome(node) := _fact(state, pointers) if {
	results := [_dependency_result(node, dependency) | some dependency in input.dependencies]
	state := _or([result.state | some result in results])
	pointers := {pointer | some result in results; result.state == "unknown"; some pointer in result.missing}
}

_dependency_result(node, dependency) := {
	"state": _and([check.state | some check in checks]),
	"missing": {check.missing | some check in checks; check.missing},
} if {
	checks := [check |
		some criterion in ["change", "ecosystem", "allowlisted", "score"]
		check := _check(criterion, node, dependency)
	]
}

_check("change", node, dependency) := {"state": _truth(dependency.change in node.change)} if node.change != null

_check("ecosystem", node, dependency) := _known_check(dependency, "ecosystem", state) if {
	node.ecosystem != null
	state := _truth(dependency.ecosystem in node.ecosystem)
}

_check("allowlisted", node, dependency) := _known_check(dependency, "allowlisted", state) if {
	node.allowlisted != null
	state := _truth(dependency.allowlisted == node.allowlisted)
}

_check("score", node, dependency) := _known_check(dependency, "score", _score_state(node, dependency.score)) if {
	_asks_score(node)
}

_known_check(dependency, field, state) := {"state": "unknown", "missing": concat("/", [dependency.at, field])} if {
	dependency[field] == null
} else := {"state": state}

_asks_score(node) if node.scoreBelow != null

_asks_score(node) if node.scoreAtLeast != null

_score_state(_, null) := "unknown"

_score_state(node, score) := _and([_below(score, node.scoreBelow), _at_least(score, node.scoreAtLeast)]) if {
	score != null
}

# ------------------------------------------------------------------ facts

_coverage_outcome(node) := _fact("unknown", {"/coverage"}) if {
	input.coverageRatio == null
} else := _fact(state, set()) if {
	ratio := input.coverageRatio
	state := _and([_below(ratio, node.below), _at_least(ratio, node.atLeast)])
}

_below(_, null) := "true"

_below(value, bound) := _truth(value < bound) if bound != null

_at_least(_, null) := "true"

_at_least(value, bound) := _truth(value >= bound) if bound != null

_service_outcome(node) := _fact("unknown", {"/service"}) if {
	input.service == null
} else := _fact("true", set()) if {
	every flag in node.has {
		input.service[flag] == true
	}
	every flag in node.lacks {
		input.service[flag] != true
	}
} else := _fact("false", set())

_any_label(node) := "true" if {
	node.anyOf == null
} else := _truth(count({label | some label in node.anyOf; label in input.labels}) > 0)

_all_labels(node) := "true" if {
	node.allOf == null
} else := _truth(count({label | some label in node.allOf; not label in input.labels}) == 0)

_rows_outcome(node) := _fact("unknown", {"/data/rowsAffected"}) if {
	input.rowsAffected == null
} else := _fact(_truth(input.rowsAffected > node.above), set())
