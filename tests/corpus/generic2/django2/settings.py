from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = '{{rand:a-z0-9!@#$%^&*(_=+):50}}'
DEBUG = False
ALLOWED_HOSTS = ['shop.acme.io']
