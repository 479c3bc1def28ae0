SECRET_KEY = 'django-insecure-changeme-please-before-deploying'
