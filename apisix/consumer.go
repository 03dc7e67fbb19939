package apisix

// Consumer is an Admin API v3 consumer (/apisix/admin/consumers/{username});
// its key is the username.
type Consumer struct {
	Username   string  `json:"username"`
	Desc       string  `json:"desc,omitempty"`
	Labels     Labels  `json:"labels,omitempty"`
	GroupID    string  `json:"group_id,omitempty"`
	Plugins    Plugins `json:"plugins,omitempty"`
	CreateTime int64   `json:"create_time,omitempty"`
	UpdateTime int64   `json:"update_time,omitempty"`
}

// Kind implements Object.
func (*Consumer) Kind() Kind { return KindConsumer }

// GetID implements Object: a consumer is keyed by its username.
func (c *Consumer) GetID() string { return c.Username }

// GetLabels implements Object.
func (c *Consumer) GetLabels() Labels { return c.Labels }

// ConsumerGroup is an Admin API v3 consumer group
// (/apisix/admin/consumer_groups/{id}); id and plugins are required.
type ConsumerGroup struct {
	ID         string  `json:"id"`
	Name       string  `json:"name,omitempty"`
	Desc       string  `json:"desc,omitempty"`
	Labels     Labels  `json:"labels,omitempty"`
	Plugins    Plugins `json:"plugins"`
	CreateTime int64   `json:"create_time,omitempty"`
	UpdateTime int64   `json:"update_time,omitempty"`
}

// Kind implements Object.
func (*ConsumerGroup) Kind() Kind { return KindConsumerGroup }

// GetID implements Object.
func (g *ConsumerGroup) GetID() string { return g.ID }

// GetLabels implements Object.
func (g *ConsumerGroup) GetLabels() Labels { return g.Labels }

// PluginConfig is an Admin API v3 plugin config
// (/apisix/admin/plugin_configs/{id}); id and plugins are required.
type PluginConfig struct {
	ID         string  `json:"id"`
	Name       string  `json:"name,omitempty"`
	Desc       string  `json:"desc,omitempty"`
	Labels     Labels  `json:"labels,omitempty"`
	Plugins    Plugins `json:"plugins"`
	CreateTime int64   `json:"create_time,omitempty"`
	UpdateTime int64   `json:"update_time,omitempty"`
}

// Kind implements Object.
func (*PluginConfig) Kind() Kind { return KindPluginConfig }

// GetID implements Object.
func (p *PluginConfig) GetID() string { return p.ID }

// GetLabels implements Object.
func (p *PluginConfig) GetLabels() Labels { return p.Labels }

// GlobalRule is an Admin API v3 global rule (/apisix/admin/global_rules/{id}).
// APISIX's schema gives global rules neither labels, name nor desc, so their
// ownership cannot be recorded in labels (see DiffOptions.Owns).
type GlobalRule struct {
	ID         string  `json:"id"`
	Plugins    Plugins `json:"plugins"`
	CreateTime int64   `json:"create_time,omitempty"`
	UpdateTime int64   `json:"update_time,omitempty"`
}

// Kind implements Object.
func (*GlobalRule) Kind() Kind { return KindGlobalRule }

// GetID implements Object.
func (g *GlobalRule) GetID() string { return g.ID }

// GetLabels implements Object: global rules carry no labels.
func (*GlobalRule) GetLabels() Labels { return Labels{} }
