FROM python:3.12-slim
WORKDIR /app
ENV GOOGLE_CLIENT_SECRET=REPLACE_ME
CMD ["python", "app.py"]
