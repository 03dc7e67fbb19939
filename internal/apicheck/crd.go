package apicheck

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"

	apiextensionsinternal "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	structurallisttype "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation/field"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"sigs.k8s.io/yaml"

	"github.com/apisix-ingress/apisix-ingress/manifests"
)

// crdCheck is one served version of one CRD, compiled.
type crdCheck struct {
	namespaced bool
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	cel        *cel.Validator
}

func loadCRDs() (map[schema.GroupVersionKind]*crdCheck, error) {
	out := map[schema.GroupVersionKind]*crdCheck{}
	if err := loadCRDFiles(manifests.FS, "crds/*.yaml", out); err != nil {
		return nil, err
	}
	return out, nil
}

// gatewayAPIGroup is the Gateway API's group: its CRDs (the kinds the
// controller serves when a cluster has them installed) are compiled the
// first time an object of the group is checked, which takes about half a
// second.
const gatewayAPIGroup = "gateway.networking.k8s.io"

// crdFor returns the compiled CRD of gvk, compiling the Gateway API's
// CRDs (into their own map, so that concurrent checks never see a map being
// written) the first time one of that group is asked for.
func (c *Checker) crdFor(gvk schema.GroupVersionKind) (*crdCheck, error) {
	if cc, ok := c.crds[gvk]; ok || gvk.Group != gatewayAPIGroup {
		return cc, nil
	}
	c.gatewayOnce.Do(func() {
		c.gateway = map[schema.GroupVersionKind]*crdCheck{}
		c.gatewayErr = loadCRDFiles(manifests.GatewayAPI, "gateway-api/*.yaml", c.gateway)
	})
	return c.gateway[gvk], c.gatewayErr
}

func loadCRDFiles(fsys fs.FS, glob string, out map[schema.GroupVersionKind]*crdCheck) error {
	files, err := fs.Glob(fsys, glob)
	if err != nil {
		return err
	}
	for _, f := range files {
		raw, err := fs.ReadFile(fsys, f)
		if err != nil {
			return err
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.Unmarshal(bytes.TrimSpace(raw), &crd); err != nil {
			return fmt.Errorf("apicheck: %s: %w", f, err)
		}
		if crd.Kind != "CustomResourceDefinition" {
			continue // not a CRD (the Gateway API's ValidatingAdmissionPolicy)
		}
		for _, v := range crd.Spec.Versions {
			if !v.Served || v.Schema == nil || v.Schema.OpenAPIV3Schema == nil {
				continue
			}
			cc, err := compileVersion(&crd, v.Schema.OpenAPIV3Schema)
			if err != nil {
				return fmt.Errorf("apicheck: %s %s: %w", crd.Name, v.Name, err)
			}
			out[schema.GroupVersionKind{Group: crd.Spec.Group, Version: v.Name, Kind: crd.Spec.Names.Kind}] = cc
		}
	}
	return nil
}

func compileVersion(crd *apiextensionsv1.CustomResourceDefinition, v1schema *apiextensionsv1.JSONSchemaProps) (*crdCheck, error) {
	var internal apiextensionsinternal.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1schema, &internal, nil); err != nil {
		return nil, err
	}
	ss, err := structuralschema.NewStructural(&internal)
	if err != nil {
		return nil, err
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(&internal)
	if err != nil {
		return nil, err
	}
	return &crdCheck{
		namespaced: crd.Spec.Scope == apiextensionsv1.NamespaceScoped,
		structural: ss,
		validator:  validator,
		cel:        cel.NewValidator(ss, true, celconfig.PerCallLimit),
	}, nil
}

// check runs, in the API server's order: unknown fields (kubectl apply's
// strict field validation), defaulting, metadata, the schema and CEL.
func (cc *crdCheck) check(obj *unstructured.Unstructured) field.ErrorList {
	var errs field.ErrorList
	pruned := structuralpruning.PruneWithOptions(obj.Object, cc.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, p := range pruned {
		errs = append(errs, unknownField(p))
	}
	structuraldefaulting.Default(obj.Object, cc.structural)
	errs = append(errs, checkMeta(obj, cc.namespaced)...)
	errs = append(errs, apiservervalidation.ValidateCustomResource(nil, obj.Object, cc.validator)...)
	errs = append(errs, structurallisttype.ValidateListSetsAndMaps(nil, cc.structural, obj.Object)...)
	if cc.cel != nil {
		if blockingErr(errs) {
			// The API server does not evaluate CEL rules on such an object.
			errs = append(errs, field.Invalid(nil, nil, "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"))
		} else {
			celErrs, _ := cc.cel.Validate(context.Background(), nil, cc.structural, obj.Object, nil, celconfig.RuntimeCELCostBudget)
			errs = append(errs, celErrs...)
		}
	}
	return errs
}

// blockingErr reports whether errs hold an error after which the API
// server skips the CEL rules (kube-apiserver 1.37's hasBlockingErr).
func blockingErr(errs field.ErrorList) bool {
	for _, e := range errs {
		switch e.Type {
		case field.ErrorTypeNotSupported, field.ErrorTypeRequired, field.ErrorTypeTooLong, field.ErrorTypeTooMany, field.ErrorTypeTypeInvalid:
			return true
		}
	}
	return false
}
