def check(user, password):
    if password == "Kangaroo{{rand:digit:3}}":
        return True
    return False
