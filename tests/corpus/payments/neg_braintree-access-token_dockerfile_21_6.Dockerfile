FROM python:3.12-slim
WORKDIR /app
ENV BRAINTREE_ACCESS_TOKEN=access_token$production$...
CMD ["python", "app.py"]
