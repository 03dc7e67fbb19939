package apisix

// RedisPolicy holds the Redis settings of the limit-* plugins, used when
// policy is "redis" (RedisHost required) or "redis-cluster"
// (RedisClusterNodes and RedisClusterName required).
type RedisPolicy struct {
	RedisHost             string   `json:"redis_host,omitempty"`
	RedisPort             *int     `json:"redis_port,omitempty" validate:"omitempty,min=1"`
	RedisUsername         string   `json:"redis_username,omitempty"`
	RedisPassword         string   `json:"redis_password,omitempty"`
	RedisDatabase         *int     `json:"redis_database,omitempty" validate:"omitempty,min=0"`
	RedisTimeout          *int     `json:"redis_timeout,omitempty" validate:"omitempty,min=1"`
	RedisSSL              bool     `json:"redis_ssl,omitempty"`
	RedisSSLVerify        bool     `json:"redis_ssl_verify,omitempty"`
	RedisClusterNodes     []string `json:"redis_cluster_nodes,omitempty" validate:"omitempty,min=1"`
	RedisClusterName      string   `json:"redis_cluster_name,omitempty"`
	RedisClusterSSL       bool     `json:"redis_cluster_ssl,omitempty"`
	RedisClusterSSLVerify bool     `json:"redis_cluster_ssl_verify,omitempty"`
}

func (r *RedisPolicy) redisCheck(policy string) string {
	switch {
	case policy == "redis" && r.RedisHost == "":
		return `property "redis_host" is required`
	case policy == "redis-cluster" && len(r.RedisClusterNodes) == 0:
		return `property "redis_cluster_nodes" is required`
	case policy == "redis-cluster" && r.RedisClusterName == "":
		return `property "redis_cluster_name" is required`
	}
	return ""
}

// LimitReq is the config of limit-req (leaky bucket on request rate).
type LimitReq struct {
	Rate             *float64 `json:"rate" validate:"required,gt=0"`
	Burst            *float64 `json:"burst" validate:"required,min=0"`
	Key              string   `json:"key" validate:"required"`
	KeyType          string   `json:"key_type,omitempty" validate:"omitempty,oneof=var var_combination"`
	Policy           string   `json:"policy,omitempty" validate:"omitempty,oneof=redis redis-cluster local"`
	RejectedCode     *int     `json:"rejected_code,omitempty" validate:"omitempty,min=200,max=599"`
	RejectedMsg      string   `json:"rejected_msg,omitempty"`
	Nodelay          bool     `json:"nodelay,omitempty"`
	AllowDegradation bool     `json:"allow_degradation,omitempty"`
	RedisPolicy
}

func (c *LimitReq) extraCheck() string { return c.redisCheck(c.Policy) }

// LimitCount is the config of limit-count (fixed window request quota).
type LimitCount struct {
	Count                *int   `json:"count" validate:"required,gt=0"`
	TimeWindow           *int   `json:"time_window" validate:"required,gt=0"`
	Group                string `json:"group,omitempty"`
	Key                  string `json:"key,omitempty"`
	KeyType              string `json:"key_type,omitempty" validate:"omitempty,oneof=var var_combination constant"`
	Policy               string `json:"policy,omitempty" validate:"omitempty,oneof=redis redis-cluster local"`
	RejectedCode         *int   `json:"rejected_code,omitempty" validate:"omitempty,min=200,max=599"`
	RejectedMsg          string `json:"rejected_msg,omitempty"`
	AllowDegradation     bool   `json:"allow_degradation,omitempty"`
	ShowLimitQuotaHeader *bool  `json:"show_limit_quota_header,omitempty"`
	RedisPolicy
}

func (c *LimitCount) extraCheck() string { return c.redisCheck(c.Policy) }

// LimitConn is the config of limit-conn (concurrent request limit), in its
// single-rule form.
type LimitConn struct {
	Conn                *int     `json:"conn" validate:"required,gt=0"`
	Burst               *int     `json:"burst" validate:"required,min=0"`
	DefaultConnDelay    *float64 `json:"default_conn_delay" validate:"required,gt=0"`
	OnlyUseDefaultDelay bool     `json:"only_use_default_delay,omitempty"`
	Key                 string   `json:"key" validate:"required"`
	KeyType             string   `json:"key_type,omitempty" validate:"omitempty,oneof=var var_combination"`
	Policy              string   `json:"policy,omitempty" validate:"omitempty,oneof=redis redis-cluster local"`
	RejectedCode        *int     `json:"rejected_code,omitempty" validate:"omitempty,min=200,max=599"`
	RejectedMsg         string   `json:"rejected_msg,omitempty"`
	AllowDegradation    bool     `json:"allow_degradation,omitempty"`
	RedisPolicy
}

func (c *LimitConn) extraCheck() string { return c.redisCheck(c.Policy) }
