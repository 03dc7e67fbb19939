package e2e

// notYetCovered lists the translated keys that have no behaviour scenario
// yet. It only shrinks: TestEveryTranslatedKeyHasAScenario fails when a key
// outside it lacks a scenario, and when a key in it gains one. Keys whose
// behaviour this suite's APISIX cannot show are in untestableOnRuntime
// (coverage_untestable_test.go), each with its reason.
var notYetCovered = map[string]bool{}
