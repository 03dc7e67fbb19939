package translator

// crds translates the apisix.apache.org/v2 kinds.
func (t *translation) crds() {}
