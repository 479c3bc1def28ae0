SECRET_KEY = os.environ['DJANGO_SECRET_KEY']
SECRET_KEY_FALLBACKS = []
PASSWORD_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()'
