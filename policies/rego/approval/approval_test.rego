# METADATA
# description: |
#   Unit tests of the remediation approval policy: each reason on its own, the auto-approval
#   paths, and failing closed on inputs and data it cannot judge. Every test compares the whole
#   decision.
package trustladder.approval_test

import data.trustladder.approval as policy

# DESIGN.md's defaults (policies/approval-data.yaml).
_defaults := {
	"productionEnvironments": ["production", "prod"],
	"sensitiveKinds": ["Node", "StatefulSet"],
	"confidenceThreshold": 0.8,
	"trustedProductionWorkflows": [],
}

_trusting := object.union(_defaults, {"trustedProductionWorkflows": ["restart-pod-v1"]})

_staging := {
	"environment": "staging",
	"namespace": "payments",
	"remediation_target": {"kind": "Deployment", "name": "api"},
	"confidence": 0.92,
	"workflow": "restart-pod-v1",
	"detected_labels": {},
}

_production := object.union(_staging, {"environment": "Production"})

_approve := {"require_approval": false, "reasons": []}

_require(reasons) := {"require_approval": true, "reasons": reasons}

_untrusted(environment) := concat("", [
	"production environment \"", environment,
	"\": workflow is not trusted for production",
])

_invalid_data := "the approval data is invalid (see schemas/approval-data.schema.json)"

# ------------------------------------------------------------------ auto-approved

test_allow_non_production_with_a_target_and_high_confidence if {
	policy.decision == _approve with input as _staging with data.approval as _defaults
}

test_allow_confidence_exactly_at_the_threshold if {
	policy.decision == _approve with input as object.union(_staging, {"confidence": 0.8})
		with data.approval as _defaults
}

test_allow_full_confidence if {
	policy.decision == _approve with input as object.union(_staging, {"confidence": 1})
		with data.approval as _defaults
}

test_allow_production_with_a_trusted_workflow if {
	policy.decision == _approve with input as _production with data.approval as _trusting
}

test_allow_production_trusted_workflow_named_alike_by_the_labels if {
	inp := object.union(_production, {"detected_labels": {"workflow_name": "restart-pod-v1", "stateful": false}})
	policy.decision == _approve with input as inp with data.approval as _trusting
}

test_allow_production_trusted_workflow_without_labels if {
	inp := object.remove(_production, ["detected_labels"])
	policy.decision == _approve with input as inp with data.approval as _trusting
}

# ------------------------------------------------------------------ production

test_deny_production_without_trusted_workflows if {
	policy.decision == _require([_untrusted("Production")]) with input as _production with data.approval as _defaults
}

test_deny_production_names_case_insensitively_and_trimmed if {
	inp := object.union(_staging, {"environment": " PROD "})
	policy.decision == _require([_untrusted(" PROD ")]) with input as inp with data.approval as _defaults
}

test_deny_production_with_an_untrusted_workflow if {
	inp := object.union(_production, {"workflow": "drain-node-v2"})
	policy.decision == _require([_untrusted("Production")]) with input as inp with data.approval as _trusting
}

test_deny_production_trusted_workflow_is_case_sensitive if {
	inp := object.union(_production, {"workflow": "Restart-Pod-V1"})
	policy.decision == _require([_untrusted("Production")]) with input as inp with data.approval as _trusting
}

test_deny_production_without_a_workflow if {
	inp := object.remove(_production, ["workflow"])
	policy.decision == _require([_untrusted("Production")]) with input as inp with data.approval as _trusting
}

test_deny_production_when_labels_name_another_workflow if {
	inp := object.union(_production, {"detected_labels": {"workflow_name": "drain-node-v2"}})
	policy.decision == _require([_untrusted("Production")]) with input as inp with data.approval as _trusting
}

test_deny_production_when_labels_are_not_an_object if {
	inp := object.union(_production, {"detected_labels": "workflow_name=restart-pod-v1"})
	policy.decision == _require([_untrusted("Production")]) with input as inp with data.approval as _trusting
}

test_deny_production_trusted_workflow_on_a_sensitive_kind if {
	inp := object.union(_production, {"remediation_target": {"kind": "StatefulSet", "name": "db"}})
	policy.decision == _require(["sensitive kind \"StatefulSet\""]) with input as inp with data.approval as _trusting
}

test_deny_production_trusted_workflow_with_low_confidence if {
	inp := object.union(_production, {"confidence": 0.5})
	policy.decision == _require(["confidence is below the threshold"]) with input as inp
		with data.approval as _trusting
}

# ------------------------------------------------------------------ target

test_deny_sensitive_kind_node if {
	inp := object.union(_staging, {"remediation_target": {"kind": "Node", "name": "ip-10-0-0-1"}})
	policy.decision == _require(["sensitive kind \"Node\""]) with input as inp with data.approval as _defaults
}

test_deny_sensitive_kinds_case_insensitively if {
	inp := object.union(_staging, {"remediation_target": {"kind": "statefulset", "name": "db"}})
	policy.decision == _require(["sensitive kind \"statefulset\""]) with input as inp with data.approval as _defaults
}

test_deny_missing_target if {
	inp := object.remove(_staging, ["remediation_target"])
	policy.decision == _require(["remediation_target is missing"]) with input as inp with data.approval as _defaults
}

test_deny_null_target if {
	inp := object.union(_staging, {"remediation_target": null})
	policy.decision == _require(["remediation_target is missing"]) with input as inp with data.approval as _defaults
}

test_deny_target_that_is_not_an_object if {
	inp := object.union(_staging, {"remediation_target": "deployment/api"})
	policy.decision == _require(["remediation_target is not an object"]) with input as inp
		with data.approval as _defaults
}

test_deny_missing_target_kind if {
	inp := object.union(object.remove(_staging, ["remediation_target"]), {"remediation_target": {"name": "api"}})
	policy.decision == _require(["remediation_target.kind is missing"]) with input as inp
		with data.approval as _defaults
}

test_deny_blank_target_kind if {
	inp := object.union(_staging, {"remediation_target": {"kind": "  ", "name": "api"}})
	policy.decision == _require(["remediation_target.kind is not a non-empty string"]) with input as inp
		with data.approval as _defaults
}

test_deny_target_kind_that_is_not_a_string if {
	inp := object.union(_staging, {"remediation_target": {"kind": ["Node"], "name": "api"}})
	policy.decision == _require(["remediation_target.kind is not a non-empty string"]) with input as inp
		with data.approval as _defaults
}

# ------------------------------------------------------------------ confidence

test_deny_confidence_below_the_threshold if {
	inp := object.union(_staging, {"confidence": 0.79})
	policy.decision == _require(["confidence is below the threshold"]) with input as inp
		with data.approval as _defaults
}

test_deny_zero_confidence if {
	inp := object.union(_staging, {"confidence": 0})
	policy.decision == _require(["confidence is below the threshold"]) with input as inp
		with data.approval as _defaults
}

test_deny_missing_confidence if {
	inp := object.remove(_staging, ["confidence"])
	policy.decision == _require(["confidence is missing"]) with input as inp with data.approval as _defaults
}

test_deny_confidence_as_a_string if {
	inp := object.union(_staging, {"confidence": "0.95"})
	policy.decision == _require(["confidence is not a number in 0..1"]) with input as inp
		with data.approval as _defaults
}

test_deny_confidence_above_one if {
	inp := object.union(_staging, {"confidence": 1.5})
	policy.decision == _require(["confidence is not a number in 0..1"]) with input as inp
		with data.approval as _defaults
}

test_deny_negative_confidence if {
	inp := object.union(_staging, {"confidence": -0.1})
	policy.decision == _require(["confidence is not a number in 0..1"]) with input as inp
		with data.approval as _defaults
}

# ------------------------------------------------------------------ environment

test_deny_missing_environment if {
	inp := object.remove(_staging, ["environment"])
	policy.decision == _require(["environment is missing"]) with input as inp with data.approval as _defaults
}

test_deny_empty_environment if {
	inp := object.union(_staging, {"environment": ""})
	policy.decision == _require(["environment is not a non-empty string"]) with input as inp
		with data.approval as _defaults
}

test_deny_environment_that_is_not_a_string if {
	inp := object.union(_staging, {"environment": true})
	policy.decision == _require(["environment is not a non-empty string"]) with input as inp
		with data.approval as _defaults
}

# ------------------------------------------------------------------ cannot judge

test_deny_input_that_is_not_an_object if {
	policy.decision == _require([
		"confidence is missing",
		"environment is missing",
		"remediation_target is missing",
		"the input is not an object",
	]) with input as ["environment", "staging"]
		with data.approval as _defaults
}

test_deny_every_reason_at_once if {
	inp := {
		"environment": "production",
		"remediation_target": {"kind": "Node"},
		"confidence": 0.1,
	}
	policy.decision == _require([
		"confidence is below the threshold",
		_untrusted("production"),
		"sensitive kind \"Node\"",
	]) with input as inp
		with data.approval as _defaults
}

test_deny_missing_data if {
	policy.decision == _require([_invalid_data]) with input as _staging
		with data.approval as {}
}

test_deny_threshold_out_of_range if {
	bad := object.union(_defaults, {"confidenceThreshold": 1.2})
	policy.decision == _require([
		"confidence is below the threshold",
		_invalid_data,
	]) with input as _staging
		with data.approval as bad
}

test_deny_when_no_production_environment_is_configured if {
	bad := object.union(_defaults, {"productionEnvironments": []})
	policy.decision == _require([_invalid_data]) with input as _staging
		with data.approval as bad
}

test_deny_data_lists_that_are_not_strings if {
	bad := object.union(_defaults, {"sensitiveKinds": [{"kind": "Node"}]})
	policy.decision == _require([_invalid_data]) with input as _staging
		with data.approval as bad
}

# The safety net: should the positive checks fail without a specific reason, approval is
# still required, and says why.
test_deny_when_a_positive_check_fails_without_a_reason if {
	policy.decision == _require(["the policy could not judge this remediation"]) with input as _staging
		with data.approval as _defaults
		with policy._production_cleared as false
}
