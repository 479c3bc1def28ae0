if password == confirm_password:
    pass
if token_type == "Bearer":
    pass
assert password == "changeme"
if password == "":
    pass
