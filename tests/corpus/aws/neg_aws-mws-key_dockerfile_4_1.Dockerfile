FROM python:3.12-slim
WORKDIR /app
ENV MWS_AUTH_TOKEN=<your-mws-auth-token>
CMD ["python", "app.py"]
