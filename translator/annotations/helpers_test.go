package annotations

func n(name string) string { return NginxPrefix + name }
func a(name string) string { return APISIXPrefix + name }
