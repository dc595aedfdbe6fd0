// trustladder-kyverno-admit sends admission requests through Kyverno's own policy engines the
// way Kyverno's webhook handlers do (pkg/webhooks/resource/vpol and .../ivpol), so requests
// the Kyverno CLI cannot express are decided by the real engine, not by a model of it: an
// UPDATE whose old object differs from the new one, and the pods/ephemeralcontainers
// subresource.
//
// It is built inside a copy of the Kyverno module (scripts/setup.sh), so it compiles against
// Kyverno's exact dependency graph. Input on stdin, one JSON document:
//
//	{ "policies": ["path/to/policy.yaml", ...],
//	  "namespaces": { "name": { "label": "value" } },
//	  "requests": [ <admission.k8s.io/v1 AdmissionRequest>, ... ] }
//
// Output on stdout, one JSON document: for each request, whether the webhooks would allow it
// and every policy result (pass, fail, error, skip) with its message. Image verification
// reaches registries as the webhook would.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno/policy"
	celengine "github.com/kyverno/kyverno/pkg/cel/engine"
	"github.com/kyverno/kyverno/pkg/cel/libs"
	"github.com/kyverno/kyverno/pkg/cel/matching"
	ivpolengine "github.com/kyverno/kyverno/pkg/cel/policies/ivpol/engine"
	vpolcompiler "github.com/kyverno/kyverno/pkg/cel/policies/vpol/compiler"
	vpolengine "github.com/kyverno/kyverno/pkg/cel/policies/vpol/engine"
	"github.com/kyverno/kyverno/pkg/config"
	engineapi "github.com/kyverno/kyverno/pkg/engine/api"
	imageverifycache "github.com/kyverno/kyverno/pkg/image/verification/cache"
	"github.com/kyverno/kyverno/pkg/logging"
	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/sets"
)

type input struct {
	Policies   []string                       `json:"policies"`
	Namespaces map[string]map[string]string   `json:"namespaces"`
	Requests   []admissionv1.AdmissionRequest `json:"requests"`
}

type result struct {
	Policy  string `json:"policy"`
	Rule    string `json:"rule"`
	Status  string `json:"status"`
	Message string `json:"message"`
}

type decision struct {
	UID     string   `json:"uid"`
	Allowed bool     `json:"allowed"`
	Results []result `json:"results"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "trustladder-kyverno-admit: %v\n", err)
		os.Exit(2)
	}
}

func run() error {
	// TRUSTLADDER_KYVERNO_LOG=6 shows why Kyverno refused a signature (on stderr).
	if level, err := strconv.Atoi(os.Getenv("TRUSTLADDER_KYVERNO_LOG")); err == nil {
		if err := logging.Setup(logging.TextFormat, logging.DefaultTime, level, true); err != nil {
			return fmt.Errorf("setting up logging: %w", err)
		}
	}
	var in input
	decoder := json.NewDecoder(os.Stdin)
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		return fmt.Errorf("reading the input: %w", err)
	}
	loaded, err := policy.Load(nil, "", in.Policies...)
	if err != nil {
		return fmt.Errorf("loading policies: %w", err)
	}
	if len(loaded.ValidatingPolicies)+len(loaded.ImageValidatingPolicies) == 0 {
		return fmt.Errorf("no ValidatingPolicy or ImageValidatingPolicy in %v", in.Policies)
	}
	resolve := func(name string) *corev1.Namespace {
		labels, ok := in.Namespaces[name]
		if !ok {
			return nil
		}
		return &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}
	}
	vpolProvider, err := vpolengine.NewProvider(vpolcompiler.NewCompiler(), loaded.ValidatingPolicies, nil)
	if err != nil {
		return fmt.Errorf("compiling validating policies: %w", err)
	}
	ivpolProvider, err := ivpolengine.NewProvider(loaded.ImageValidatingPolicies, nil)
	if err != nil {
		return fmt.Errorf("compiling image validating policies: %w", err)
	}
	vpol := vpolengine.NewEngine(vpolProvider, resolve, matching.NewMatcher())
	ivpol := ivpolengine.NewEngine(ivpolProvider, resolve, matching.NewMatcher(), nil,
		imageverifycache.DisabledImageVerifyCache(), config.NewDefaultConfiguration(false))
	// The policies read nothing from the cluster; an empty context makes any lookup fail.
	lookups := libs.NewFakeContextProvider()
	timeout := 30 * time.Second // the webhook timeout the generated policies set
	if s, err := strconv.Atoi(os.Getenv("TRUSTLADDER_KYVERNO_TIMEOUT")); err == nil && s > 0 {
		timeout = time.Duration(s) * time.Second
	}
	decisions := make([]decision, 0, len(in.Requests))
	for _, request := range in.Requests {
		// As the API server does, give the webhook `timeout` and deny when it has not answered
		// (failurePolicy: Fail). An evaluation that never returns is left behind, as in Kyverno.
		done := make(chan decisionOrError, 1)
		go func() { done <- evaluate(vpol, ivpol, lookups, request) }()
		select {
		case r := <-done:
			if r.err != nil {
				return r.err
			}
			decisions = append(decisions, r.decision)
		case <-time.After(timeout):
			decisions = append(decisions, decision{UID: string(request.UID), Allowed: false, Results: []result{{
				Policy: "(webhook)", Rule: "timeout", Status: string(engineapi.RuleStatusError),
				Message: fmt.Sprintf("Kyverno did not answer within %s: the API server denies (failurePolicy: Fail)", timeout),
			}}})
		}
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	return out.Encode(decisions)
}

type decisionOrError struct {
	decision decision
	err      error
}

// evaluate runs one admission request through both engines, as the two webhooks would.
func evaluate(vpol vpolengine.Engine, ivpol ivpolengine.Engine, lookups libs.Context, request admissionv1.AdmissionRequest) decisionOrError {
	ctx := context.Background()
	d := decision{UID: string(request.UID), Allowed: true, Results: []result{}}
	engineRequest := celengine.RequestFromAdmission(lookups, request)
	validated, err := vpol.Handle(ctx, engineRequest, nil)
	if err != nil {
		return decisionOrError{err: fmt.Errorf("request %s: %w", request.UID, err)}
	}
	for _, p := range validated.Policies {
		for _, rule := range p.Rules {
			d.add(p.Policy.GetName(), p.Actions, rule)
		}
	}
	verified, err := ivpol.HandleValidating(ctx, engineRequest, nil)
	if err != nil {
		return decisionOrError{err: fmt.Errorf("request %s: %w", request.UID, err)}
	}
	for _, p := range verified.Policies {
		d.add(p.Policy.GetName(), p.Actions, p.Result)
	}
	return decisionOrError{decision: d}
}

// add records one rule result and, as the webhooks' response builders do, denies the request
// when a policy whose actions include Deny failed or errored.
func (d *decision) add(policy string, actions sets.Set[admissionregistrationv1.ValidationAction], rule engineapi.RuleResponse) {
	status := rule.Status()
	if status == "" {
		return // the policy did not apply to the request
	}
	d.Results = append(d.Results, result{Policy: policy, Rule: rule.Name(), Status: string(status), Message: rule.Message()})
	if actions.Has(admissionregistrationv1.Deny) && (status == engineapi.RuleStatusFail || status == engineapi.RuleStatusError) {
		d.Allowed = false
	}
}
