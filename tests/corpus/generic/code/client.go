func New(token string) *Client {
	return &Client{token: token, apiKey: os.Getenv("API_KEY")}
}
