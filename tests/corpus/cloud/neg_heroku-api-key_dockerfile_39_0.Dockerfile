FROM python:3.12-slim
WORKDIR /app
ENV HEROKU_API_KEY=${HEROKU_API_KEY}
CMD ["python", "app.py"]
