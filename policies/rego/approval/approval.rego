# METADATA
# title: Remediation approval
# description: |
#   Decides whether a proposed remediation (input: environment, namespace, remediation_target,
#   confidence, workflow, detected_labels) needs a human's approval before it runs. Starter
#   semantics of the remediation trust ladder: production environments (case-insensitive),
#   sensitive kinds, a missing target or kind, and a confidence below the threshold require
#   approval, and so does anything the policy cannot judge. A production remediation runs on
#   its own only when its workflow is trusted for production and nothing else requires approval.
#   Data (data.approval, policies/approval-data.yaml): productionEnvironments, sensitiveKinds,
#   confidenceThreshold, trustedProductionWorkflows.
# custom:
#   category: remediation
#   severity: high
package trustladder.approval

# METADATA
# title: Decision
# description: |
#   Whether a human must approve, and every reason why (sorted). Always defined: a remediation
#   it cannot judge requires approval.
# entrypoint: true
decision := {"require_approval": require_approval, "reasons": sort(reasons)}

# METADATA
# title: Require approval
# scope: document
# description: |
#   True unless every fact was judged and nothing requires approval: the default is true, so an
#   input or data the policy cannot evaluate fails closed.
default require_approval := true

require_approval := false if {
	count(_reasons) == 0
	_cleared
}

# METADATA
# title: Reasons
# description: Why approval is required, one sentence each; empty when it is not.
reasons := _reasons | _unjudged

# Defence in depth: should no specific reason fire while the positive checks fail (a built-in
# erring on an input nobody foresaw), approval is still required, with a reason that says so.
_unjudged contains "the policy could not judge this remediation" if {
	count(_reasons) == 0
	not _cleared
}

# Every positive check that auto-approval needs, each the mirror of a reason below.
_cleared if {
	_data_ok
	is_object(input)
	_non_blank(_environment)
	_non_blank(_kind)
	not _sensitive
	_unit_interval(_confidence)
	_confidence >= data.approval.confidenceThreshold
	_production_cleared
}

_production_cleared if not _production

_production_cleared if _trusted_workflow

# ------------------------------------------------------------------ facts

# A field of the input, or null when it is absent, null, or the input is not an object.
default _field(_) := null

_field(name) := object.get(input, name, null) if is_object(input)

_environment := _field("environment")

_target := _field("remediation_target")

default _kind := null

_kind := object.get(_target, "kind", null) if is_object(_target)

_confidence := _field("confidence")

_workflow := _field("workflow")

_non_blank(value) if {
	is_string(value)
	trim_space(value) != ""
}

_unit_interval(value) if {
	is_number(value)
	value >= 0
	value <= 1
}

# Production names compare case-insensitively and without surrounding blanks.
_production if {
	_non_blank(_environment)
	lower(trim_space(_environment)) in {lower(trim_space(name)) | some name in data.approval.productionEnvironments}
}

# Kinds compare case-insensitively too: `statefulset` must not slip past `StatefulSet`.
_sensitive if {
	_non_blank(_kind)
	lower(trim_space(_kind)) in {lower(trim_space(name)) | some name in data.approval.sensitiveKinds}
}

# Trusted for production: the workflow is named exactly in trustedProductionWorkflows, and the
# detected labels, when they name a workflow, name the same one.
_trusted_workflow if {
	_non_blank(_workflow)
	_workflow in data.approval.trustedProductionWorkflows
	_labels_agree
}

_labels_agree if _field("detected_labels") == null

_labels_agree if {
	labels := _field("detected_labels")
	is_object(labels)
	object.get(labels, "workflow_name", _workflow) == _workflow
}

# The data must have the shape of schemas/approval-data.schema.json.
_data_ok if {
	_strings(data.approval.productionEnvironments)
	count(data.approval.productionEnvironments) > 0
	_strings(data.approval.sensitiveKinds)
	_strings(data.approval.trustedProductionWorkflows)
	_unit_interval(data.approval.confidenceThreshold)
}

_strings(values) if {
	is_array(values)
	every value in values {
		is_string(value)
	}
}

# ------------------------------------------------------------------ reasons

_reasons contains "the approval data is invalid (see schemas/approval-data.schema.json)" if not _data_ok

_reasons contains "the input is not an object" if not is_object(input)

_reasons contains "environment is missing" if _environment == null

_reasons contains "environment is not a non-empty string" if {
	_environment != null
	not _non_blank(_environment)
}

_reasons contains reason if {
	_production
	not _trusted_workflow
	reason := concat("", ["production environment \"", _environment, "\": workflow is not trusted for production"])
}

_reasons contains "remediation_target is missing" if _target == null

_reasons contains "remediation_target is not an object" if {
	_target != null
	not is_object(_target)
}

_reasons contains "remediation_target.kind is missing" if {
	is_object(_target)
	_kind == null
}

_reasons contains "remediation_target.kind is not a non-empty string" if {
	_kind != null
	not _non_blank(_kind)
}

_reasons contains concat("", ["sensitive kind \"", _kind, "\""]) if _sensitive

_reasons contains "confidence is missing" if _confidence == null

_reasons contains "confidence is not a number in 0..1" if {
	_confidence != null
	not _unit_interval(_confidence)
}

_reasons contains "confidence is below the threshold" if {
	_unit_interval(_confidence)
	_confidence < data.approval.confidenceThreshold
}
