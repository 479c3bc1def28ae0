def login(request):
    password = request.form['password']
    token = request.headers.get('Authorization')
    if password == confirm_password:
        return authenticate(username, password)
