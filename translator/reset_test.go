package translator

import (
	"reflect"
	"slices"
	"testing"

	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	apiv2 "github.com/apisix-ingress/apisix-ingress/api/v2"
)

// fillFields sets every field of the struct v points to a non-zero value
// (a one-element slice, a one-entry map, a non-zero scalar), as a builder
// left by the previous object would be.
func fillFields(t *testing.T, v any) {
	t.Helper()
	s := reflect.ValueOf(v).Elem()
	for i := range s.NumField() {
		f := s.Field(i)
		f = reflect.NewAt(f.Type(), f.Addr().UnsafePointer()).Elem() // unexported fields too
		switch f.Kind() {
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		case reflect.Map:
			m := reflect.MakeMap(f.Type())
			m.SetMapIndex(reflect.New(f.Type().Key()).Elem(), reflect.New(f.Type().Elem()).Elem())
			f.Set(m)
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.String:
			f.SetString("stale")
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(7)
		case reflect.Array, reflect.Struct:
			// set by the reset under test (digest, ref, labels)
		default:
			t.Fatalf("fillFields: add a case for %s %s", s.Type().Field(i).Name, f.Kind())
		}
	}
}

// requireReset: after a reset, every field is empty (lists and maps of
// length zero, everything else zero) except those named in set, which the
// reset gives new values.
func requireReset(t *testing.T, v any, set ...string) {
	t.Helper()
	s := reflect.ValueOf(v).Elem()
	for i := range s.NumField() {
		name := s.Type().Field(i).Name
		f := s.Field(i)
		switch {
		case slices.Contains(set, name):
		case f.Kind() == reflect.Slice || f.Kind() == reflect.Map:
			if f.Len() != 0 {
				t.Errorf("%s.%s keeps %d elements after reset", s.Type().Name(), name, f.Len())
			}
		case !f.IsZero():
			t.Errorf("%s.%s is not reset", s.Type().Name(), name)
		}
	}
}

// TestBuildersResetEveryField: the builders and the scratch emitter that a
// translation reuses from one object to the next are reset field by field;
// a field added later and not reset would carry one object's state into the
// next. These tests fail until reset handles it.
func TestBuildersResetEveryField(t *testing.T) {
	tr := &translation{opts: Options{}.withDefaults(), alloc: newAllocator(1, 1)}
	ing := &networkingv1.Ingress{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web"}}

	e := &tr.scratch
	fillFields(t, e)
	e = tr.scratchEmitter(ObjectRef{Kind: kindIngress, Namespace: "ns", Name: "web"}, 0)
	requireReset(t, e, "ref", "labels")

	b := &ingressBuilder{}
	fillFields(t, b)
	b.reset(&parsedIngress{ing: ing}, e)
	requireReset(t, b, "t", "st", "p", "e", "digest")

	st := &crdState{}
	fillFields(t, &st.builder)
	rb := st.routeBuilder(tr, &apiv2.ApisixRoute{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: "web"}}, e)
	requireReset(t, rb, "t", "st", "ar", "e", "digest")
}
