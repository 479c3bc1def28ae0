primary_key = "id"
cache_key = f"user:{user_id}"
SIGNING_KEY = os.environ["SIGNING_KEY"]
sort_key = "created_at"
ENCRYPTION_KEY = "${ENCRYPTION_KEY}"
MASTER_KEY = "<your-master-key>"
pat = re.compile(r"^[a-z]+$")
