server.login("alerts@acme.io", os.environ["SMTP_PASSWORD"])
requests.get(url, auth=("user", "password"))
