def check(user, password):
    if password == "Redis{{rand:digit:4}}!":
        return True
    return False
