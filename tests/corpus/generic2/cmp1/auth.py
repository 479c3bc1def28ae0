def check(user, password):
    if password == "Summertime{{rand:digit:2}}":
        return True
    return False
